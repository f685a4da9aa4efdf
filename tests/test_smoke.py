from istui.config import Config
from istui.domain.model import Event, MetricSet, count_events


def test_outcome_model_counts_stages_above(config: Config, clock) -> None:
    metrics: MetricSet = config.metrics
    kinds = ["call"] * 5 + ["connect"] * 2 + ["meeting"]
    events = [Event(str(i), clock.now(), k) for i, k in enumerate(kinds)]
    counts = count_events(events, metrics)
    assert counts["call"] == 8
    assert counts["connect"] == 3
    assert counts["meeting"] == 1
    assert counts["email"] == 0
