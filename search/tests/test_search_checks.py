from filmrank_search.checks import check_settings


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_default_settings_pass():
    assert check_settings() == []


def test_unknown_backend_is_an_error_naming_the_valid_ones(settings):
    settings.FILMRANK_SEARCH = {"BACKEND": "solr"}

    [error] = check_settings()

    assert error.id == "filmrank_search.E001"
    assert "database, elasticsearch" in error.hint


def test_a_dotted_path_that_is_not_a_backend_is_an_error(settings):
    settings.FILMRANK_SEARCH = {"BACKEND": "filmrank_search.conf.search_setting"}

    assert ids(check_settings()) == ["filmrank_search.E001"]


def test_elasticsearch_without_hosts_is_an_error(settings):
    settings.FILMRANK_SEARCH = {"BACKEND": "elasticsearch"}
    settings.ELASTICSEARCH_DSL = {"default": {}}

    assert ids(check_settings()) == ["filmrank_search.E002"]


def test_sizes_must_be_positive_integers(settings):
    settings.FILMRANK_SEARCH = {"BACKEND": "database", "FACET_SIZE": 0, "INDEX_BATCH_SIZE": "9"}

    assert ids(check_settings()) == ["filmrank_search.E003", "filmrank_search.E003"]
