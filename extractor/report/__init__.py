"""Presenting an audit: terminal table, JSON, CSV and Markdown."""
