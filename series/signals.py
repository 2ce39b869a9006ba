"""What the Series app tells apps above it, which connect in their AppConfig.ready()."""

from django.dispatch import Signal

# Episodes went public: staff approved a Series' first publication (all its
# episodes) or changes that added episodes. Sent inside the approving
# transaction with ``series_id`` and ``episode_ids``; receivers that email
# should ``core.jobs.enqueue`` their work so a rolled-back approval sends nothing.
episodes_published = Signal()
