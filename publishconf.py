"""Production settings: pelicanconf.py plus what the public site needs.

`./inv build --publish` uses this file. Set PORTAL_SITEURL to the public
address (no trailing slash) when it differs from the sample agency's.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://skhcn.quangtri.gov.vn").rstrip("/")
SITE_HOST = SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Drafts are previewed locally only: the public site never carries them.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# Fingerprinted theme files are on in development too; production adds a .gz
# beside every text file for nginx's gzip_static (plugins/asset_pipeline).
ASSET_PIPELINE_GZIP = True
