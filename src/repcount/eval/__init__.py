"""Evaluation against ground truth: matching, metrics, the peer baseline and the runner.

    from repcount.eval import evaluate, build_report, format_text
    results = evaluate("recordings/", baseline=True)
    print(format_text(build_report(results, baseline=True)))
"""

from __future__ import annotations

from .baseline import baseline_counts, baseline_peaks
from .matching import Interval, assign_to_sets, match_reps
from .metrics import count_rates, error_stats, prf, summarize
from .report import build_report, format_text
from .runner import evaluate, find_cases, score_baseline, score_engine, score_recording

__all__ = [
    "Interval", "assign_to_sets", "baseline_counts", "baseline_peaks", "build_report", "count_rates", "error_stats",
    "evaluate", "find_cases", "format_text", "match_reps", "prf", "score_baseline", "score_engine", "score_recording", "summarize",
]
