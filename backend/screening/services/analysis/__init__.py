"""Analysis jobs: backtests and sweeps run a version (draft or any) over a period of history,
never touching live verdicts. Both are the same kind of background job (`jobs`: start, claim,
chunked facts with progress, finish or fail); results are stored and exportable as CSV.
"""

from backend.screening.services.analysis.backtests import backtest_run, backtest_start
from backend.screening.services.analysis.exports import backtest_csv, sweep_csv
from backend.screening.services.analysis.sweeps import sweep_documents, sweep_run, sweep_start

__all__ = [
    "backtest_csv",
    "backtest_run",
    "backtest_start",
    "sweep_csv",
    "sweep_documents",
    "sweep_run",
    "sweep_start",
]
