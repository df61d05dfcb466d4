"""newsbot benchmarks: one script per figure; `python -m bench` runs them all."""
