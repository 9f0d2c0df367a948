"""Getting an article in: files, standard input, HTML (scraping proper grows here)."""
