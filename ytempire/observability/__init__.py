"""Prometheus metrics: HTTP metrics from prometheus-flask-exporter, pipeline metrics from the database."""
