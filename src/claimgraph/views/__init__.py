"""Views: plain functions over the store (export, register, timeline, index, graph, report)."""
