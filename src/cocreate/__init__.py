"""cocreate: software for co-created psychotherapy and psychedelic-assisted therapy."""
