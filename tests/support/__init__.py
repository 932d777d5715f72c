"""Test-support code shared by tests/ and benchmarks/ (second engines, fixtures).

From a test: ``from support.jena import Jena`` (pytest puts ``tests/`` on ``sys.path``).
From elsewhere: put the repository's ``tests/`` folder on ``sys.path`` first.
"""
