"""The Streamlit side: cached data access (data), the shared filters and URL (state), and the
blocks every page is built from (layout). Pages import these and only arrange results."""
