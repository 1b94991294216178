"""Citations in the Chicago, MLA and APA styles, rendered from CSL-JSON by citeproc-py; no Django."""
