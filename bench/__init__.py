"""The benchmark: the gateway beside PostGraphile and the SQL floor (bench/README.md)."""
