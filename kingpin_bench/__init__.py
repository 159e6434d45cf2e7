"""``kingpin bench``: the real pipeline under a simulated chat, beside pgbench's ceilings.

:func:`kingpin_bench.run.run_bench` runs one benchmark and returns a
:class:`kingpin_bench.report.BenchReport`; :mod:`kingpin_bench.cli` holds the verb's arguments. The
code lives in the ``bot`` package rather than a top-level ``benchmarks`` package, so an
installed wheel has it without claiming a generic top-level name in site-packages;
``benchmarks/load.py`` is a thin entry for running it from a checkout. This module imports
nothing, so building the CLI's argument parser stays cheap.
"""
