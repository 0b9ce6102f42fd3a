"""The owner's dashboard: charts, the lifecycle view.
"""
