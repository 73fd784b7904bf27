"""The public-repository corpus of issue 20 (item 7): its manifest, ground truth and measure."""
