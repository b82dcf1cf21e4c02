"""Speed and accuracy of mlfp against reference libraries (run: python -m benchmarks)."""
