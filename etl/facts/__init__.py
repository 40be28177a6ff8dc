"""Reading articles into facts: load documents → recognise quantities → link to metrics.

Each stage is a module with one job; everything here is a pure function of one document's
text and metadata, so a refresh can map it over documents on any engine.
"""
