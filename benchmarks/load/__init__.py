"""The load benchmark's parts: the data generator (dataset.py) and the locust scenarios
(locustfile.py). The runner is benchmarks/load.py."""
