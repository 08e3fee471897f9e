"""Receivers wired in ReviewsConfig.ready()."""

from filmrank_reviews.services import user_ratings_withdraw


def withdraw_ratings_of_deleted_user(sender, instance, **kwargs) -> None:
    """Before a user's entries cascade away with the account, take them out of film stats.

    ``pre_delete`` runs inside the deletion's transaction, while the entries still exist.
    """
    user_ratings_withdraw(user=instance)
