"""Staff accounts: who may see non-public council papers in the app.

``accounts`` reads, checks and writes the accounts file; ``command`` is ``council-qa users``.
Neither imports Streamlit, so the CLI that manages accounts starts fast and the rules for a
valid file are the same for the command and the app.
"""
