"""The newsroom's roles and what each may do.

Reporters write drafts and submit them for review; editors review, publish and
run the breaking banner; administrators are superusers. Page permissions are
granted on the site root so they cover every section.
"""

REPORTERS = "Reporters"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"

PAGE_PERMISSIONS = {
    REPORTERS: ["add_page", "change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Model permissions, as (app_label, codename).
MODEL_PERMISSIONS = {
    REPORTERS: [
        ("wagtailadmin", "access_admin"),
        ("articles", "add_video"),
        ("articles", "change_video"),
        ("accounts", "view_authorprofile"),
        ("wires", "view_agency"),
        # The wire desk: reporters read agency copy and draft stories from it.
        ("wires", "view_wireitem"),
    ],
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("articles", "add_video"),
        ("articles", "change_video"),
        ("articles", "delete_video"),
        ("accounts", "add_authorprofile"),
        ("accounts", "change_authorprofile"),
        ("accounts", "view_authorprofile"),
        ("wires", "add_agency"),
        ("wires", "change_agency"),
        ("wires", "view_agency"),
        ("live", "add_breakingalert"),
        ("live", "change_breakingalert"),
        ("live", "delete_breakingalert"),
        ("live", "view_breakingalert"),
        # Live stories: post, pin, correct and delete updates.
        ("live", "add_liveupdate"),
        ("live", "change_liveupdate"),
        ("live", "delete_liveupdate"),
        ("live", "view_liveupdate"),
        # The wire desk: read items, retry quarantined files, configure sources.
        ("wires", "view_wireitem"),
        ("wires", "view_quarantinedfile"),
        ("wires", "change_quarantinedfile"),
        ("wires", "view_wiresource"),
        ("wires", "add_wiresource"),
        ("wires", "change_wiresource"),
    ],
    ADMINISTRATORS: [("wagtailadmin", "access_admin")],
}

# Image permissions are per collection, and Wagtail checks them against
# wagtailimages.Image's permissions even with a custom image model.
COLLECTION_PERMISSIONS = {
    REPORTERS: ["add_image", "choose_image"],
    EDITORS: ["add_image", "change_image", "choose_image", "delete_image"],
}

WORKFLOW_NAME = "Editorial review"
WORKFLOW_TASK_NAME = "Editor approval"
