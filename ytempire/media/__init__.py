"""Media assembly: ffmpeg plumbing, slides, the video renderer, subtitles and thumbnails.

Only Pillow and the ffmpeg binary from `imageio-ffmpeg` are needed; nothing here talks to a
network or a database, so render workers (CPU or NVENC) can run it anywhere.
"""
