#!/usr/bin/env python3
"""Write the reference values that lib/experiments/stats is tested against, as JSON fixtures in
lib/experiments/stats/__tests__/fixtures/. The tests read only the JSON, so they need no Python.

Run from the repository root (needs numpy, scipy and statsmodels):

    python3 scripts/stats-fixtures/generate.py

Where SciPy or statsmodels implement a test, the value comes from them: Welch's t-test and its interval
(scipy.stats.ttest_ind), the chi-square goodness-of-fit test (scipy.stats.chisquare), Holm and
Benjamini-Hochberg (statsmodels multipletests), the normal power solver (statsmodels NormalIndPower) and
the truncated normal mean behind the Bayesian risk (scipy.stats.truncnorm). Where neither does (relative
lift by the delta method, GrowthBook's Bayesian normal approximation, the asymptotic confidence sequence
of Waudby-Smith et al.), the value comes from the published formula evaluated here with SciPy's
distributions and NumPy's covariance, on data drawn here. Each case stores sufficient statistics, which
NumPy sums in float64, so both sides start from identical numbers.
"""

import json
import math
import pathlib

import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower

OUTPUT = pathlib.Path(__file__).resolve().parents[2] / "lib" / "experiments" / "stats" / "__tests__" / "fixtures"
SEED = 20261205


def mean_stats(values):
    return {"n": int(values.size), "sum": float(values.sum()), "sumSquares": float((values**2).sum())}


def proportion_stats(values):
    return {"n": int(values.size), "conversions": int(values.sum())}


def moments(stats_):
    """Mean and sample variance (ddof 1) from sufficient statistics, or p(1 - p) for a proportion."""
    n = stats_["n"]
    if "conversions" in stats_:
        p = stats_["conversions"] / n
        return n, p, p * (1 - p)
    mean = stats_["sum"] / n
    return n, mean, (stats_["sumSquares"] - stats_["sum"] ** 2 / n) / (n - 1)


def effect(control, treatment, difference_type):
    """GrowthBook's point estimate, variance of the estimate and Welch-Satterthwaite df."""
    n_a, mean_a, var_a = moments(control)
    n_b, mean_b, var_b = moments(treatment)
    df = (var_a / n_a + var_b / n_b) ** 2 / ((var_a / n_a) ** 2 / (n_a - 1) + (var_b / n_b) ** 2 / (n_b - 1))
    if difference_type == "absolute":
        return mean_b - mean_a, var_a / n_a + var_b / n_b, df, n_a + n_b
    variance = var_b / (n_b * mean_a**2) + var_a * mean_b**2 / (n_a * mean_a**4)
    return (mean_b - mean_a) / mean_a, variance, df, n_a + n_b


def t_test(estimate, variance, df, alpha):
    se = math.sqrt(variance)
    half = stats.t.ppf(1 - alpha / 2, df) * se
    return {"estimate": estimate, "ci": [estimate - half, estimate + half], "pValue": float(2 * stats.t.sf(abs(estimate / se), df))}


def sequential(estimate, variance, units, tuning, alpha):
    """Asymptotic confidence sequence, Waudby-Smith et al. (arXiv:2103.06476), GrowthBook's parametrisation."""
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning
    s2 = variance * units
    half = math.sqrt(s2) * math.sqrt(2 * (units * rho2 + 1) / (units**2 * rho2) * math.log(math.sqrt(units * rho2 + 1) / alpha))
    st2 = estimate**2 * units / variance
    evidence = math.exp(rho2 * st2 / (2 * (units * rho2 + 1))) / math.sqrt(units * rho2 + 1)
    return {"estimate": estimate, "ci": [estimate - half, estimate + half], "pValue": min(1.0, 1 / evidence)}


def bayesian(estimate, variance, alpha, prior=None):
    if prior is not None:
        precision = 1 / variance + 1 / prior["variance"]
        estimate = (estimate / variance + prior["mean"] / prior["variance"]) / precision
        variance = 1 / precision
    sd = math.sqrt(variance)
    below = stats.norm.cdf(0, estimate, sd)
    # Expected loss of shipping the treatment: P(effect < 0) times the mean of the effect below 0.
    lower_mean = stats.truncnorm.mean(-np.inf, (0 - estimate) / sd, loc=estimate, scale=sd)
    return {
        "estimate": estimate,
        "ci": [float(stats.norm.ppf(alpha / 2, estimate, sd)), float(stats.norm.ppf(1 - alpha / 2, estimate, sd))],
        "chanceToWin": float(1 - below),
        "risk": float(-below * lower_mean),
    }


def draw_mean_arm(rng, n, location, scale, kind):
    if kind == "lognormal":
        return rng.lognormal(math.log(location), scale, n)
    if kind == "poisson":
        return rng.poisson(location, n).astype(float)
    return rng.normal(location, scale, n)


def welch_cases(rng):
    """Mean metrics: Welch's test from SciPy for the absolute difference, GrowthBook's formulas for the rest."""
    cases = []
    specs = [
        (40, 55, 10.0, 2.0, 10.5, 3.0, "normal", 0.05),
        (1000, 1200, 5.0, 0.8, 5.1, 0.8, "lognormal", 0.05),
        (7, 9, 3.0, 1.0, 2.0, 4.0, "normal", 0.1),
        (5000, 5000, 3.0, 0, 3.05, 0, "poisson", 0.01),
        (250, 120, -4.0, 6.0, -2.5, 6.0, "normal", 0.2),
        (2000, 2100, 10.0, 2.0, 10.3, 2.0, "normal", 0.05),
    ]
    for index, (n_a, n_b, loc_a, scale_a, loc_b, scale_b, kind, alpha) in enumerate(specs):
        a = draw_mean_arm(rng, n_a, loc_a, scale_a, kind)
        b = draw_mean_arm(rng, n_b, loc_b, scale_b, kind)
        control, treatment = mean_stats(a), mean_stats(b)

        welch = stats.ttest_ind(b, a, equal_var=False)
        interval = welch.confidence_interval(confidence_level=1 - alpha)
        absolute = {"estimate": float(b.mean() - a.mean()), "ci": [float(interval.low), float(interval.high)], "pValue": float(welch.pvalue)}

        rel = effect(control, treatment, "relative")
        abs_ = effect(control, treatment, "absolute")
        cases.append(
            {
                "name": f"mean {kind} {n_a} vs {n_b}",
                "control": control,
                "treatment": treatment,
                "alpha": alpha,
                "df": float(welch.df),
                "absolute": absolute,
                "relative": t_test(*rel[:3], alpha),
                "sequentialRelative": sequential(rel[0], rel[1], rel[3], 5000, alpha),
                "sequentialAbsolute": sequential(abs_[0], abs_[1], abs_[3], 1000 * (index + 1), alpha),
                "tuningAbsolute": 1000 * (index + 1),
                "bayesianRelative": bayesian(rel[0], rel[1], alpha),
                "bayesianAbsolute": bayesian(abs_[0], abs_[1], alpha),
                "bayesianRelativePrior": bayesian(rel[0], rel[1], alpha, {"mean": 0.0, "variance": 0.09}),
            }
        )
    return cases


def proportion_cases(rng):
    cases = []
    for n_a, n_b, p_a, p_b, alpha in [(1000, 1000, 0.1, 0.12, 0.05), (20000, 19000, 0.03, 0.031, 0.05), (60, 80, 0.5, 0.3, 0.1)]:
        control = proportion_stats(rng.random(n_a) < p_a)
        treatment = proportion_stats(rng.random(n_b) < p_b)
        rel, abs_ = effect(control, treatment, "relative"), effect(control, treatment, "absolute")
        cases.append(
            {
                "name": f"proportion {n_a} vs {n_b}",
                "control": control,
                "treatment": treatment,
                "alpha": alpha,
                "absolute": t_test(*abs_[:3], alpha),
                "relative": t_test(*rel[:3], alpha),
                "sequentialRelative": sequential(rel[0], rel[1], rel[3], 5000, alpha),
                "bayesianRelative": bayesian(rel[0], rel[1], alpha),
                "bayesianAbsolute": bayesian(abs_[0], abs_[1], alpha),
                "bayesianAbsolutePrior": bayesian(abs_[0], abs_[1], alpha, {"mean": 0.01, "variance": 0.0004}),
            }
        )
    return cases


def ratio_cases(rng):
    """Ratio metrics: mean of X over mean of Y with the delta-method variance from NumPy's covariance."""
    cases = []
    for n in [50, 800, 3000]:
        y = rng.poisson(4, n).astype(float) + 1
        x = rng.binomial(y.astype(int), 0.3).astype(float)
        covariance = np.cov(x, y, ddof=1)
        mx, my = x.mean(), y.mean()
        gradient = np.array([1 / my, -mx / my**2])
        cases.append(
            {
                "stats": {
                    "n": n,
                    "sumX": float(x.sum()),
                    "sumY": float(y.sum()),
                    "sumXSquares": float((x**2).sum()),
                    "sumYSquares": float((y**2).sum()),
                    "sumXY": float((x * y).sum()),
                },
                "mean": float(mx / my),
                "variance": float(gradient @ covariance @ gradient),
            }
        )
    return cases


def cuped_cases(rng):
    """CUPED: theta from the pooled covariance, then Welch's test from SciPy on the adjusted unit values."""
    cases = []
    for n_a, n_b, lift, alpha in [(400, 420, 0.5, 0.05), (3000, 2900, 0.1, 0.05), (30, 35, 1.0, 0.1)]:
        pre_a, pre_b = rng.normal(20, 5, n_a), rng.normal(20, 5, n_b)
        post_a = 0.8 * pre_a + rng.normal(5, 3, n_a)
        post_b = 0.8 * pre_b + rng.normal(5 + lift, 3, n_b)

        pre, post = np.concatenate([pre_a, pre_b]), np.concatenate([post_a, post_b])
        theta = float(np.cov(post, pre, ddof=1)[0, 1] / np.var(pre, ddof=1))
        adjusted_a, adjusted_b = post_a - theta * pre_a, post_b - theta * pre_b

        welch = stats.ttest_ind(adjusted_b, adjusted_a, equal_var=False)
        interval = welch.confidence_interval(confidence_level=1 - alpha)

        # Relative: (adjusted difference) / unadjusted control mean, delta method over the four means.
        cov_a = np.cov(np.vstack([post_a, pre_a]), ddof=1) / n_a
        cov_b = np.cov(np.vstack([post_b, pre_b]), ddof=1) / n_b
        ya, xa, yb, xb = post_a.mean(), pre_a.mean(), post_b.mean(), pre_b.mean()
        numerator = yb - theta * xb + theta * xa
        grad_a = np.array([-numerator / ya**2, theta / ya])
        grad_b = np.array([1 / ya, -theta / ya])
        rel_variance = float(grad_a @ cov_a @ grad_a + grad_b @ cov_b @ grad_b)
        rel_estimate = float((adjusted_b.mean() - adjusted_a.mean()) / ya)
        df = float(welch.df)

        def cuped_stats(post, pre):
            return {
                "n": int(post.size),
                "sum": float(post.sum()),
                "sumSquares": float((post**2).sum()),
                "covariateSum": float(pre.sum()),
                "covariateSumSquares": float((pre**2).sum()),
                "crossSum": float((post * pre).sum()),
            }

        cases.append(
            {
                "control": cuped_stats(post_a, pre_a),
                "treatment": cuped_stats(post_b, pre_b),
                "alpha": alpha,
                "theta": theta,
                "absolute": {"estimate": float(adjusted_b.mean() - adjusted_a.mean()), "ci": [float(interval.low), float(interval.high)], "pValue": float(welch.pvalue)},
                "relative": t_test(rel_estimate, rel_variance, df, alpha),
                "unadjustedAbsoluteStandardError": float(math.sqrt(post_a.var(ddof=1) / n_a + post_b.var(ddof=1) / n_b)),
            }
        )
    return cases


def srm_cases():
    cases = []
    for counts, weights in [
        ([5000, 5100], None),
        ([1000, 1100, 980], None),
        ([4980, 5220], [0.5, 0.5]),
        ([2000, 2600], [0.4, 0.6]),
        ([100, 180, 250], [1, 2, 3]),
        ([9000, 10000], [1, 1]),
    ]:
        shares = weights or [1] * len(counts)
        expected = np.array(shares, dtype=float) / sum(shares) * sum(counts)
        result = stats.chisquare(counts, expected)
        cases.append({"counts": counts, "weights": weights, "pValue": float(result.pvalue)})
    return cases


def multiple_testing_cases():
    sets = [
        [0.01, 0.04, 0.03, 0.005],
        [0.2, 0.001, 0.049, 0.049, 0.8, 0.0001],
        [0.5],
        [0.03, 0.03, 0.03],
        [0.9, 0.6, 0.02, 0.04, 0.011, 0.3, 0.012, 0.25],
    ]
    return [
        {
            "pValues": p_values,
            "holm": [float(v) for v in multipletests(p_values, method="holm")[1]],
            "benjaminiHochberg": [float(v) for v in multipletests(p_values, method="fdr_bh")[1]],
        }
        for p_values in sets
    ]


def power_cases():
    """Means: statsmodels' NormalIndPower. Proportions: the same two-tailed power equation with unequal
    variances, solved with SciPy's brentq."""
    cases = []
    solver = NormalIndPower()
    for mean, std, mde, alpha, power, weights in [
        (10.0, 4.0, 0.05, 0.05, 0.8, [1, 1]),
        (2.5, 3.0, 0.1, 0.01, 0.9, [1, 1]),
        (100.0, 30.0, -0.02, 0.05, 0.8, [0.7, 0.3]),
        (1.0, 1.0, 0.2, 0.1, 0.5, [2, 1]),
    ]:
        ratio = weights[1] / weights[0]
        control_units = solver.solve_power(effect_size=abs(mde * mean) / std, alpha=alpha, power=power, ratio=ratio, alternative="two-sided")
        cases.append(
            {
                "request": {"metricType": "mean", "baselineMean": mean, "baselineStd": std, "mde": mde, "alpha": alpha, "power": power, "weights": weights},
                "totalUnits": float(control_units * (1 + ratio)),
            }
        )

    for rate, mde, alpha, power, weights in [(0.1, 0.1, 0.05, 0.8, [1, 1]), (0.03, 0.05, 0.05, 0.8, [1, 1, 1]), (0.5, -0.1, 0.1, 0.9, [3, 1])]:
        treated = rate * (1 + mde)
        shares = np.array(weights, dtype=float) / sum(weights)
        critical = stats.norm.ppf(1 - alpha / 2)

        def shortfall(total):
            se = math.sqrt(rate * (1 - rate) / (shares[0] * total) + treated * (1 - treated) / (shares[1] * total))
            shift = abs(treated - rate) / se
            return stats.norm.cdf(shift - critical) + stats.norm.cdf(-shift - critical) - power

        total = optimize.brentq(shortfall, 1e-6, 1e12, xtol=1e-10, rtol=1e-15)
        cases.append(
            {
                "request": {"metricType": "proportion", "baselineRate": rate, "mde": mde, "alpha": alpha, "power": power, "weights": weights},
                "totalUnits": float(total),
            }
        )
    return cases


def main():
    rng = np.random.default_rng(SEED)
    document = {
        "generator": "scripts/stats-fixtures/generate.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
        "seed": SEED,
        "means": welch_cases(rng),
        "proportions": proportion_cases(rng),
        "ratios": ratio_cases(rng),
        "cuped": cuped_cases(rng),
        "srm": srm_cases(),
        "multipleTesting": multiple_testing_cases(),
        "power": power_cases(),
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "reference.json").write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {OUTPUT / 'reference.json'}")


if __name__ == "__main__":
    main()
