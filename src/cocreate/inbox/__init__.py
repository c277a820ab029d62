"""The in-app inbox: notices for each person, mirrored by email after the transaction commits."""
