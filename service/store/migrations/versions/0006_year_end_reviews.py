"""year-end reviews: a batch's check report, guessed forms and warnings per document; members' review results

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('batch_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('report_text', sa.Text(), nullable=True))
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guessed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('warnings', sa.JSON(), nullable=True))
    op.create_table('member_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('self_rating', sa.String(length=10), nullable=True),
    sa.Column('proposed', sa.String(length=10), nullable=True),
    sa.Column('decided', sa.String(length=10), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_reviews_member_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_reviews')),
    sa.UniqueConstraint('member_id', 'year', name=op.f('uq_member_reviews_member_id_year'))
    )


def downgrade() -> None:
    op.drop_table('member_reviews')
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.drop_column('warnings')
        batch_op.drop_column('guessed')
    with op.batch_alter_table('batch_jobs', schema=None) as batch_op:
        batch_op.drop_column('report_text')
        batch_op.drop_column('report')
