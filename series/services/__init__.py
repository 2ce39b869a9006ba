"""Every change to Series, episodes, purchases and reviews, one module per job.
Views, the admin, the payment signal, tasks and tests import the module they
need; each service runs in one transaction."""
