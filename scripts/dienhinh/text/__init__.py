"""Vietnamese text: normalisation and folding, alphabetical order, legacy encodings, text checks."""
