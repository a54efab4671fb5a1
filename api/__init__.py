"""HTTP routes served beside the Streamlit app (same origin), for what tablets poll."""
