"""Where paid episode files live: the private storage of ``core.private_files``,
under ``series/``. The only way to them is ``series.views.watching.episode_file``,
which checks access first (the event counters of the embedded default live in
the private root too, ``counters/``)."""

from core.private_files import file_response, private_name, private_storage

__all__ = ["episode_storage", "episode_upload_path", "file_response", "private_storage"]


def episode_storage():
    return private_storage


def episode_upload_path(episode, filename):
    """A name nobody can guess or collide with; the uploader's file name is not kept."""
    return private_name(f"series/{episode.series_id}", "mp4")
