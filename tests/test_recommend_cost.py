"""Cost figures checked against hand-computed values from the KB's prices (us-east-1).

Rates used by hand below are the KB's: requests $0.20 per 1M (1M free), x86 duration
$0.0000166667 / $0.000015 per GB-s (first 6 B GB-s / next 9 B), arm64 $0.0000133334 /
$0.0000120001 (first 7.5 B / next 11.25 B), 400,000 GB-s free; provisioned concurrency
$0.0000041667 per GB-s configured and $0.0000097222 per GB-s executed.
"""
import pytest

from generator.graph.cost import (HOURS_PER_MONTH, arm_saving, average_concurrency,
                                  billed_seconds, lambda_cost, provisioned_cost, unit_quantity)
from generator.graph.recommend import recommend
from generator.graph.workload import from_values

approx = pytest.approx


def test_kb_prices_are_the_ones_hand_computed_here(kb):
    prices = {p["id"]: p for p in kb.nodes["lambda"]["prices"]}
    assert prices["requests"]["usd"] == 0.20 and prices["requests"]["free_per_month"] == 1_000_000
    assert prices["duration-x86-tier1"]["usd"] == 0.0000166667
    assert prices["duration-arm-tier1"]["usd"] == 0.0000133334
    assert prices["provisioned-concurrency"]["usd"] == 0.0000041667
    assert prices["provisioned-duration"]["usd"] == 0.0000097222
    for p in prices.values():
        assert p["as_of"] and p["source"] in kb.sources


def test_pricing_page_example(kb):
    # 512 MB x 1 s x 3M invocations = 1.5M GB-s; minus 400,000 free = 1.1M billable GB-s
    c = lambda_cost(kb, requests=3_000_000, duration_s=1, memory_mb=512)
    assert c["gb_seconds"] == 1_500_000
    x86 = c["x86_64"]
    assert x86["billable_gb_seconds"] == 1_100_000
    assert x86["duration_usd"] == approx(18.33, abs=0.01)          # 1.1M x 0.0000166667
    assert x86["duration_usd"] == approx(1_100_000 * 0.0000166667, abs=1e-3)
    assert x86["billable_requests"] == 2_000_000
    assert x86["requests_usd"] == approx(0.40)                      # 2M x $0.20/M
    assert x86["total_usd"] == approx(18.7333, abs=1e-3)
    arm = c["arm64"]
    assert arm["duration_usd"] == approx(1_100_000 * 0.0000133334, abs=1e-3)  # 14.6667
    assert arm["total_usd"] < x86["total_usd"]
    # the free tier, shown separately: 1M requests ($0.20) + 400,000 GB-s
    assert c["free_tier"]["requests"] == 1_000_000 and c["free_tier"]["gb_seconds"] == 400_000
    assert c["free_tier"]["usd"]["x86_64"] == approx(0.20 + 400_000 * 0.0000166667, abs=1e-3)
    assert x86["without_free_tier_usd"] == approx(0.60 + 1_500_000 * 0.0000166667, abs=1e-3)
    assert c["region"] == "us-east-1" and "lambda-pricing" in c["sources"]


def test_inside_the_free_tier_costs_nothing(kb):
    c = lambda_cost(kb, requests=100_000, duration_s=0.2, memory_mb=128)
    assert c["x86_64"]["total_usd"] == 0 and c["arm64"]["total_usd"] == 0
    assert c["free_tier"]["usd"]["x86_64"] == approx(c["x86_64"]["without_free_tier_usd"])


def test_duration_tiers(kb):
    # 800M x 10 s x 1024 MB = 8 B GB-s; 7,999,600,000 billable
    c = lambda_cost(kb, requests=800_000_000, duration_s=10, memory_mb=1024)
    x86 = c["x86_64"]
    assert [t["price"] for t in x86["tiers"]] == ["duration-x86-tier1", "duration-x86-tier2"]
    assert x86["tiers"][0]["gb_seconds"] == 6_000_000_000
    assert x86["duration_usd"] == approx(6e9 * 0.0000166667 + 1_999_600_000 * 0.000015, rel=1e-9)
    arm = c["arm64"]
    assert [t["gb_seconds"] for t in arm["tiers"]] == [7_500_000_000, 499_600_000]
    assert arm["duration_usd"] == approx(7.5e9 * 0.0000133334 + 499_600_000 * 0.0000120001,
                                         rel=1e-9)
    assert x86["requests_usd"] == approx(799 * 0.20)


def test_duration_is_billed_per_millisecond_rounded_up(kb):
    assert billed_seconds(0.2) == 0.2 and billed_seconds(0.0001) == 0.001
    assert billed_seconds(1.0004) == 1.001
    c = lambda_cost(kb, requests=1_000, duration_s=0.0105, memory_mb=1024)
    assert c["billed_duration_ms"] == 11 and c["gb_seconds"] == approx(11.0)


def test_provisioned_concurrency_for_a_level(kb):
    # 10 environments x 1 GB x 730 h = 26,280,000 GB-s configured
    c = provisioned_cost(kb, level=10, memory_mb=1024)
    assert HOURS_PER_MONTH == 730
    assert c["configured_gb_seconds"] == 26_280_000
    assert c["configured_usd"] == approx(26_280_000 * 0.0000041667, abs=1e-3)  # $109.50
    assert c["total_usd"] == c["configured_usd"] and c["free_tier"] is False
    assert c["break_even_utilization"] == approx(0.0000041667 / (0.0000166667 - 0.0000097222),
                                                 abs=1e-4)  # 60%


def test_provisioned_concurrency_with_traffic(kb):
    # 2 x 1 GB all month; 10M x 100 ms x 1 GB = 1M GB-s executed, all on provisioned capacity
    c = provisioned_cost(kb, level=2, memory_mb=1024, requests=10_000_000, duration_s=0.1)
    assert c["served_gb_seconds"] == approx(1_000_000) and c["spillover_gb_seconds"] == 0
    assert c["duration_usd"] == approx(1_000_000 * 0.0000097222, abs=1e-3)
    assert c["requests_usd"] == approx(2.0)  # no free tier with provisioned concurrency
    assert c["total_usd"] == approx(2 * 2_628_000 * 0.0000041667 + 9.7222 + 2.0, abs=1e-3)
    assert c["utilization"] == approx(1_000_000 / 5_256_000, abs=1e-4)


def test_provisioned_concurrency_spillover_is_billed_on_demand(kb):
    # 1 x 1 GB configured = 2,628,000 GB-s; 100M x 100 ms = 10M GB-s executed
    c = provisioned_cost(kb, level=1, memory_mb=1024, requests=100_000_000, duration_s=0.1)
    assert c["served_gb_seconds"] == approx(2_628_000)
    assert c["spillover_gb_seconds"] == approx(7_372_000)
    assert c["spillover_usd"] == approx(7_372_000 * 0.0000166667, abs=1e-3)
    assert c["utilization"] == 1.0


def test_provisioned_time_is_rounded_up_to_the_kb_billing_increment(kb):
    increment = kb.limit("provisioned-concurrency", "billing-increment")
    assert (increment["value"], increment["unit"]) == (5, "min")
    c = provisioned_cost(kb, level=1, memory_mb=2048, hours=1.01)  # 60.6 min -> 65 min
    assert c["hours_billed"] == approx(65 / 60, abs=1e-4)
    assert c["configured_usd"] == approx(2 * 65 * 60 * 0.0000041667, abs=1e-4)


def test_bad_hours_is_an_input_error(kb):
    from generator.errors import InputError

    with pytest.raises(InputError, match="at most 730"):
        provisioned_cost(kb, level=1, memory_mb=128, hours=800)


def test_helpers():
    assert unit_quantity("1M requests") == 1e6 and unit_quantity("GB-s") == 1
    assert average_concurrency(2_628_000, 1) == approx(1.0)


def test_arm_saving_comes_from_the_kb_prices(kb):
    assert arm_saving(kb) == approx(1 - 0.0000133334 / 0.0000166667, abs=1e-6)  # about 20%


def test_recommend_carries_the_cost_when_inputs_are_known(kb):
    answer = recommend(kb, from_values({"duration": "1s", "memory": 512,
                                        "requests_per_month": "3M"}))
    assert answer["cost"]["lambda"]["x86_64"]["total_usd"] == approx(18.7333, abs=1e-3)
    assert answer["cost"]["provisioned_concurrency"] is None  # no latency need, no level given
    assert answer["workload"]["average_concurrency"] == approx(3_000_000 / 2_628_000, abs=1e-3)
    hot = recommend(kb, from_values({"duration": "1s", "memory": 512, "requests_per_month": "3M",
                                     "latency_sensitive": True}))
    pc = hot["cost"]["provisioned_concurrency"]
    assert pc["level"] == 2 and pc["level_basis"] == "average concurrency, rounded up"
    given = recommend(kb, from_values({"memory": 512, "provisioned_concurrency": 7}))
    assert given["cost"]["provisioned_concurrency"]["level"] == 7
    assert given["cost"]["provisioned_concurrency"]["configured_usd"] == approx(
        7 * 0.5 * 730 * 3600 * 0.0000041667, abs=1e-3)


def test_a_price_changed_in_the_kb_changes_the_estimate(tmp_path):
    from generator.kb import load_kb

    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "lambda.yaml").write_text(
        "id: lambda\nkind: service\nname: AWS Lambda\nsummary: overlay\nsource: lambda-pricing\n"
        "diagrams: diagrams.aws.compute.Lambda\ncategory: compute\nextend: true\nprices:\n"
        "  - {id: requests, usd: 0.40, unit: 1M requests, free_per_month: 0, "
        "source: lambda-pricing, as_of: 2030-01-01}\n", encoding="utf-8")
    other = load_kb(extra_dirs=[tmp_path], use_cache=False)
    c = lambda_cost(other, requests=3_000_000, duration_s=1, memory_mb=512)
    assert c["x86_64"]["requests_usd"] == approx(1.20) and c["as_of"] == "2030-01-01"
