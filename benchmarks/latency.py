"""Percentiles of measured latencies, for the benchmarks that time requests."""


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank value at `p` percent of the sorted values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
