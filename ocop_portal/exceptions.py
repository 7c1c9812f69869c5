class TransitionError(Exception):
    """A workflow step that the record's current state does not allow.

    The message is written for the user (translated) and shown as is.
    """
