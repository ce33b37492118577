from wagtail import hooks


@hooks.register("egov_demo_data", order=90)
def demo_home_page(*, scale, rng, stdout):
    """After every app's demo data: the portal's home page and the privacy policy page."""
    from .demo import create_home

    create_home(scale=scale, rng=rng, stdout=stdout)
