"""Psychoeducation: topics on modalities and substances, clients marking them read and asking questions."""
