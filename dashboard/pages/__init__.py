"""Page builders: each returns the children of <main> for one path."""
