"""Page scripts run by ``st.navigation``; each file is one page of the app."""
