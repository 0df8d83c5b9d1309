"""Stand-in for the get-pip bootstrap script that ansible-test downloads.

ansible-test creates each sanity-test virtualenv with ``python -m venv --without-pip`` and
then runs ``get-pip-<version>.py`` from ``~/.ansible/test/cache/get_pip_<version>.py``,
which it downloads from ci-files.testing.ansible.com unless the file is there already.
This script is placed under that name instead. It installs pip with the interpreter's
own ``ensurepip`` and then runs ``pip install`` with the arguments that ansible-test
passes (for example ``--disable-pip-version-check pip==24.2 --no-setuptools
--no-wheel``), so the pinned pip comes from the package index like every other
requirement.
"""

import subprocess
import sys

# get-pip.py options that pip itself does not know: they mean "do not install setuptools"
# and "do not install wheel".
GET_PIP_ONLY_OPTIONS = {"--no-setuptools": "setuptools", "--no-wheel": "wheel"}


def main():
    arguments = sys.argv[1:]
    unwanted = [GET_PIP_ONLY_OPTIONS[argument] for argument in arguments if argument in GET_PIP_ONLY_OPTIONS]
    pip_arguments = [argument for argument in arguments if argument not in GET_PIP_ONLY_OPTIONS]

    subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "install", *pip_arguments], check=True)

    # ensurepip on Python 3.11 also installs setuptools, which get-pip.py leaves out when
    # asked to. Uninstalling a package that is absent only prints a warning.
    if unwanted:
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", *unwanted], check=True)


if __name__ == "__main__":
    main()
