"""recap-site: a static site generator for bilingual archives of event recaps."""
