"""document workflow: drafts, revisions that correct an issued document, replacements of one sent out

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Every document archived before drafts existed was issued: the server default says so.
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False, server_default='issued'))
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('corrects_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_documents_corrects_id_documents'), 'documents',
                                    ['corrects_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_documents_replaces_id_documents'), 'documents',
                                    ['replaces_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_replaces_id_documents'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_documents_corrects_id_documents'), type_='foreignkey')
        batch_op.drop_column('reason')
        batch_op.drop_column('replaces_id')
        batch_op.drop_column('corrects_id')
        batch_op.drop_column('revision')
        batch_op.drop_column('status')
