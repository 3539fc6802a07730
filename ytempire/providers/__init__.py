"""Outside systems behind small interfaces, one package per kind: script, voice, publisher.

Each kind has its interface (`interface.py`), its real client(s) and an offline implementation,
and a chooser that picks one from configuration, so the pipeline runs end to end without keys.
"""
