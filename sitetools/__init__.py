"""Helpers behind the invoke tasks: building safely, serving, benchmarks.

`tasks.py` stays thin and calls these plain functions; tests call them too.
"""
