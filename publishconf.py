"""Production settings: pelicanconf.py plus what the public site needs.

`./inv build --publish` and `./inv deploy` use this file. The public address
comes from the environment variable PORTAL_SITEURL, else from PUBLIC_SITEURL
below; with neither, local publish builds use the sample agency's address and
say so (SITEURL_SOURCE = "sample"), and `./inv deploy` refuses to run
(sitetools/production.py lists what production needs).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The portal's public address, e.g. "https://skhcn.quangtri.gov.vn" (no trailing slash).
PUBLIC_SITEURL = ""
SAMPLE_SITEURL = "https://skhcn.quangtri.gov.vn"

if os.environ.get("PORTAL_SITEURL", "").strip():
    SITEURL, SITEURL_SOURCE = os.environ["PORTAL_SITEURL"].strip(), "PORTAL_SITEURL"
elif PUBLIC_SITEURL:
    SITEURL, SITEURL_SOURCE = PUBLIC_SITEURL, "PUBLIC_SITEURL"
else:
    SITEURL, SITEURL_SOURCE = SAMPLE_SITEURL, "sample"
SITEURL = SITEURL.rstrip("/")
SITEURL_IS_SAMPLE = SITEURL_SOURCE == "sample"
SITE_HOST = SITEURL
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Drafts are previewed locally only: the public site never carries them.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# Deploying (./inv deploy, sitetools/deploy.py). Each has an environment
# variable of the same name prefixed PORTAL_ (PORTAL_DEPLOY_HOST…) that wins.
DEPLOY_HOST = ""
DEPLOY_PORT = 22
DEPLOY_USER = ""
DEPLOY_KEY = ""  # private key file; empty: ssh's own defaults (agent, ~/.ssh/id_*)
DEPLOY_PATH = "/srv/cong-thong-tin"  # holds releases/ and the `current` symlink nginx serves
DEPLOY_KNOWN_HOSTS = ""  # known_hosts file for the server's key; empty: ssh's default
DEPLOY_KEEP = 5  # releases kept on the server (the live one and the one before it always are)

# Fingerprinted theme files are on in development too; production adds a .gz
# beside every text file for nginx's gzip_static (plugins/asset_pipeline).
ASSET_PIPELINE_GZIP = True
