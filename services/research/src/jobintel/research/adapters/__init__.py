"""What is specific to research's I/O: reading company websites through the safe fetcher."""
