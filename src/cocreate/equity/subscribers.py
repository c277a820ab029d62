"""Placeholder: what equity does when others change (filled in by the consultation requests' change)."""
