"""Everything that turns text into a prediction: normalisation, pipeline, artifacts, predictor."""
