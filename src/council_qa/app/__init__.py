"""The Streamlit face of council-qa: chat with citations, a status board and the document library.

Pages are thin compositions of Streamlit calls; the logic they show (page ranges, highlighting,
board rows, upload checks) lives in plain modules beside them so it can be read and tested alone.
"""
