"""The one error of refused input: a file or an edit that cannot be taken, with every reason found."""


class InputRefused(Exception):
    """Nothing was written; `errors` lists why, in Bahasa Indonesia (where, what, why)."""

    def __init__(self, errors):
        if isinstance(errors, str):
            errors = [errors]
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
