"""``council-qa bench``: council-qa against a plain LlamaIndex baseline on a synthetic corpus."""
