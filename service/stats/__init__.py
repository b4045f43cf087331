"""What the đảng bộ's figures (service/store/statistics.py) become for people: the quarterly report's input, the
XLSX of the figures, the charts of the page, and the demo đảng bộ that shows them on a fresh install."""
