"""Design reviews: what changed between two versions of an architecture (:mod:`.diff`, drawn
by :mod:`.union`), and a one-page review of one version (:mod:`.page`) with its estimated
monthly cost (:mod:`.cost`)."""
