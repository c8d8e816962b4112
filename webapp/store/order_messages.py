"""What the owner's order pages tell a person, in their language: refusals of a cancel,
a receipt or a survey (the services' codes), and who moved each step of an order."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..rules.order_receipts import ReceiptProblem

REFUSALS = {
    "not_found": _l("This order is not one of your stores' orders."),
    "not_allowed": _l("Only the store's owner can do this."),
    "stale_version": _l("The order changed meanwhile (the order desk moved it). "
                        "Here it is as it is now: check it and try again."),
    "illegal_transition": _l("This order can no longer be cancelled: the order desk has "
                             "already confirmed it."),
    "already_received": _l("This order has already been signed for; a second receipt is "
                           "not possible."),
    "not_delivered": _l("You can sign for an order only once it has been delivered."),
    "not_completed": _l("The survey opens once the order is completed."),
    "survey_done": _l("You already answered or skipped the survey of this order."),
    "score_required": _l("Choose an overall score from 1 to 5, or skip the survey."),
    "score_out_of_range": _l("Each score is a whole number from 1 to 5."),
}
PROBLEMS = {
    "signer_required": _l("Type the name of the person signing for the goods."),
    "unknown_line": _l("This line is not part of the order."),
    "line_missing": _l("Say how many cartons of this line arrived."),
    "quantity_not_whole": _l("Type a whole number of cartons (0 or more)."),
    "quantity_negative": _l("The quantity received cannot be negative."),
    "quantity_over_ordered": _l("More than ordered: at most %(ordered)s cartons were "
                                "ordered. Report extra goods as a handover dispute."),
    "unknown_exception": _l("Choose a problem from the list."),
    "damage_needs_photo": _l("Damaged goods need at least one photo."),
    "photo_not_image": _l("This file is not a photo (JPEG, PNG or WebP)."),
    "signature_not_image": _l("The signature could not be read; sign again."),
}
WHO = {
    "you": _l("You"),
    "owner": _l("Store owner"),
    "order_desk": _l("Order desk (订单科)"),
    "manager": _l("Market manager"),
    "rep": _l("Account manager"),
}


def refusal_message(reason: str) -> str:
    """A service refusal in the reader's language."""
    return str(REFUSALS.get(reason, _("This could not be done. Try again.")))


def problem_message(problem: ReceiptProblem) -> str:
    """One receipt problem in the reader's language."""
    return str(PROBLEMS.get(problem.code, _("Check this line."))) % problem.params \
        if problem.params else str(PROBLEMS.get(problem.code, _("Check this line.")))
