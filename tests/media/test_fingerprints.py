"""Fingerprints: MinHash estimates Jaccard similarity; dHash survives re-encoding; LSH finds near-duplicates."""
from PIL import Image, ImageDraw

from ytempire.originality import fingerprint as fp

TEXT = ("The moon pulls the ocean toward it, and the earth turns beneath that bulge of water, "
        "so most coasts see two high tides and two low tides every day, about six hours apart.")


def test_identical_scripts_are_fully_similar_and_unrelated_ones_are_not():
    assert fp.signature_similarity(fp.minhash(TEXT), fp.minhash(TEXT.upper())) == 1.0
    unrelated = "Bees dance to tell each other where flowers are, turning the angle of the sun into a map."
    assert fp.signature_similarity(fp.minhash(TEXT), fp.minhash(unrelated)) < 0.1


def test_minhash_tracks_the_exact_jaccard_of_the_shingles():
    edited = TEXT.replace("two low tides", "two low waters") + " Spring tides come at full and new moon."
    left, right = fp.shingles(TEXT), fp.shingles(edited)
    exact = len(left & right) / len(left | right)
    assert abs(fp.signature_similarity(fp.minhash(TEXT), fp.minhash(edited)) - exact) < 0.15


def test_near_duplicates_share_a_band_key_and_unrelated_scripts_do_not():
    near = TEXT.replace("six hours", "six and a quarter hours")
    assert set(fp.band_keys(fp.minhash(TEXT))) & set(fp.band_keys(fp.minhash(near)))
    other = "Volcanoes on the sea floor build new crust where plates pull apart, slowly, over millions of years."
    assert not set(fp.band_keys(fp.minhash(TEXT))) & set(fp.band_keys(fp.minhash(other)))


def test_an_empty_script_matches_nothing():
    assert fp.signature_similarity(fp.minhash(""), fp.minhash("")) == 0.0


def thumbnail(path, text, colour):
    image = Image.new("RGB", (1280, 720), colour)
    ImageDraw.Draw(image).rectangle((100, 200, 900, 500), fill="white")
    ImageDraw.Draw(image).text((150, 300), text, fill="black")
    image.save(path, quality=90)


def test_dhash_sees_a_resized_reencoded_thumbnail_as_the_same_and_a_different_one_as_different(tmp_path):
    thumbnail(tmp_path / "a.jpg", "How tides work", "navy")
    Image.open(tmp_path / "a.jpg").resize((640, 360)).save(tmp_path / "a_small.jpg", quality=60)
    other = Image.new("RGB", (1280, 720), "navy")
    ImageDraw.Draw(other).ellipse((700, 100, 1200, 650), fill="yellow")
    other.save(tmp_path / "b.jpg")
    same = fp.hash_similarity(fp.dhash(str(tmp_path / "a.jpg")), fp.dhash(str(tmp_path / "a_small.jpg")))
    different = fp.hash_similarity(fp.dhash(str(tmp_path / "a.jpg")), fp.dhash(str(tmp_path / "b.jpg")))
    assert same >= 0.9 and different < 0.8
